/**
 * Robot Framework 7.3's standard libraries BuiltIn, String and Collections
 * (issue 15): the keywords Tollgate's TypeScript libraries expose, compared
 * with each library's 7.3 keyword list (read from Robot's BuiltIn.py,
 * String.py and Collections.py: their public methods). A keyword missing
 * here fails with its name; so does one Robot's library does not have.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keywordsOf } from '../framework/runners/robot/library.ts';
import { BuiltIn } from '../framework/runners/robot/libraries/builtin.ts';
import { Collections } from '../framework/runners/robot/libraries/collections.ts';
import { StringLibrary } from '../framework/runners/robot/libraries/string-library.ts';
import type { RunContext } from '../framework/runners/robot/run-context.ts';

const BUILTIN_7_3 = [
  'Call Method', 'Catenate', 'Comment', 'Continue For Loop', 'Continue For Loop If', 'Convert To Binary',
  'Convert To Boolean', 'Convert To Bytes', 'Convert To Hex', 'Convert To Integer', 'Convert To Number',
  'Convert To Octal', 'Convert To String', 'Create Dictionary', 'Create List', 'Evaluate', 'Exit For Loop',
  'Exit For Loop If', 'Fail', 'Fatal Error', 'Get Count', 'Get Length', 'Get Library Instance', 'Get Time',
  'Get Variable Value', 'Get Variables', 'Import Library', 'Import Resource', 'Import Variables',
  'Keyword Should Exist', 'Length Should Be', 'Log', 'Log Many', 'Log To Console', 'Log Variables',
  'No Operation', 'Pass Execution', 'Pass Execution If', 'Regexp Escape', 'Reload Library', 'Remove Tags',
  'Repeat Keyword', 'Replace Variables', 'Reset Log Level', 'Return From Keyword', 'Return From Keyword If',
  'Run Keyword', 'Run Keyword And Continue On Failure', 'Run Keyword And Expect Error',
  'Run Keyword And Ignore Error', 'Run Keyword And Return', 'Run Keyword And Return If',
  'Run Keyword And Return Status', 'Run Keyword And Warn On Failure', 'Run Keyword If',
  'Run Keyword If All Tests Passed', 'Run Keyword If Any Tests Failed', 'Run Keyword If Test Failed',
  'Run Keyword If Test Passed', 'Run Keyword If Timeout Occurred', 'Run Keyword Unless', 'Run Keywords',
  'Set Global Variable', 'Set Library Search Order', 'Set Local Variable', 'Set Log Level',
  'Set Suite Documentation', 'Set Suite Metadata', 'Set Suite Variable', 'Set Tags', 'Set Task Variable',
  'Set Test Documentation', 'Set Test Message', 'Set Test Variable', 'Set Variable', 'Set Variable If',
  'Should Be Empty', 'Should Be Equal', 'Should Be Equal As Integers', 'Should Be Equal As Numbers',
  'Should Be Equal As Strings', 'Should Be True', 'Should Contain', 'Should Contain Any',
  'Should Contain X Times', 'Should End With', 'Should Match', 'Should Match Regexp', 'Should Not Be Empty',
  'Should Not Be Equal', 'Should Not Be Equal As Integers', 'Should Not Be Equal As Numbers',
  'Should Not Be Equal As Strings', 'Should Not Be True', 'Should Not Contain', 'Should Not Contain Any',
  'Should Not End With', 'Should Not Match', 'Should Not Match Regexp', 'Should Not Start With',
  'Should Start With', 'Skip', 'Skip If', 'Sleep', 'Variable Should Exist', 'Variable Should Not Exist',
  'Wait Until Keyword Succeeds',
];

const STRING_7_3 = [
  'Convert To Lower Case', 'Convert To Title Case', 'Convert To Upper Case', 'Decode Bytes To String',
  'Encode String To Bytes', 'Fetch From Left', 'Fetch From Right', 'Format String', 'Generate Random String',
  'Get Line', 'Get Line Count', 'Get Lines Containing String', 'Get Lines Matching Pattern',
  'Get Lines Matching Regexp', 'Get Regexp Matches', 'Get Substring', 'Remove String',
  'Remove String Using Regexp', 'Replace String', 'Replace String Using Regexp', 'Should Be Byte String',
  'Should Be Lower Case', 'Should Be String', 'Should Be Title Case', 'Should Be Unicode String',
  'Should Be Upper Case', 'Should Not Be String', 'Split String', 'Split String From Right',
  'Split String To Characters', 'Split To Lines', 'Strip String',
];

const COLLECTIONS_7_3 = [
  'Append To List', 'Combine Lists', 'Convert To Dictionary', 'Convert To List', 'Copy Dictionary', 'Copy List',
  'Count Values In List', 'Dictionaries Should Be Equal', 'Dictionary Should Contain Item',
  'Dictionary Should Contain Key', 'Dictionary Should Contain Sub Dictionary', 'Dictionary Should Contain Value',
  'Dictionary Should Not Contain Key', 'Dictionary Should Not Contain Value', 'Get Dictionary Items',
  'Get Dictionary Keys', 'Get Dictionary Values', 'Get From Dictionary', 'Get From List', 'Get Index From List',
  'Get Match Count', 'Get Matches', 'Get Slice From List', 'Insert Into List', 'Keep In Dictionary',
  'List Should Contain Sub List', 'List Should Contain Value', 'List Should Not Contain Duplicates',
  'List Should Not Contain Value', 'Lists Should Be Equal', 'Log Dictionary', 'Log List', 'Pop From Dictionary',
  'Remove Duplicates', 'Remove From Dictionary', 'Remove From List', 'Remove Values From List', 'Reverse List',
  'Set List Value', 'Set To Dictionary', 'Should Contain Match', 'Should Not Contain Match', 'Sort List',
];

/** The keyword names a library instance exposes, as Robot shows them. */
function exposed(library: string, instance: object): string[] {
  return [...keywordsOf(library, instance).values()].map((k) => k.name).sort();
}

function compare(library: string, instance: object, robot: string[]): void {
  const have = exposed(library, instance);
  const missing = robot.filter((name) => !have.includes(name));
  const extra = have.filter((name) => !robot.includes(name));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${library} differs from Robot 7.3's keyword list`);
  assert.equal(have.length, robot.length);
}

const ctx = {} as RunContext;

describe("robot standard libraries: every keyword of Robot 7.3's list, and no other", () => {
  it(`BuiltIn has Robot 7.3's ${BUILTIN_7_3.length} keywords`, () => compare('BuiltIn', new BuiltIn(ctx), BUILTIN_7_3));
  it(`String has Robot 7.3's ${STRING_7_3.length} keywords`, () => compare('String', new StringLibrary(), STRING_7_3));
  it(`Collections has Robot 7.3's ${COLLECTIONS_7_3.length} keywords`, () => compare('Collections', new Collections(ctx), COLLECTIONS_7_3));
});
