*** Test Cases ***
Nested suites run too
    Should Be Equal    ${SUITE NAME}    Directory.Sub.Second
