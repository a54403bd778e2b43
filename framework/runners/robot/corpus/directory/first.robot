*** Test Cases ***
Sees the init suite's variable
    Should Be Equal    ${FROM INIT}    init ran

Gets the init's test tags
    Should Contain    ${TEST TAGS}    from-init
