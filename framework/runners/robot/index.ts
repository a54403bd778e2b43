/** The robot-framework-ts-adapter (issue 8): runner 'robot' and the pieces it is made of. */
export { robotRunner, runRobotSuite, outputXmlPath, NAMED_LIBRARIES } from './robot-runner.ts';
export { Engine, type EngineOptions } from './engine.ts';
export { parseRobot } from './parse-file.ts';
export { loadSuites, loadFile, loadDirectory, type RobotSuiteSpec } from './load-suite.ts';
export { toOutputXml } from './output-xml.ts';
export { RobotError } from './robot-error.ts';
export type { LibraryHost, LibraryFactory } from './library-loader.ts';
export type { SuiteResult, TestResult, BodyResult, Message } from './result.ts';
export { newBody } from './result.ts';
