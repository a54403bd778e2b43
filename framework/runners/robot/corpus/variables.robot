*** Settings ***
Documentation     Variables: scalars, lists, dictionaries, items, environment, built-ins, scopes and VAR.

*** Variables ***
${GREETING}       Hello
${NAME}           world
${JOINED}         ${GREETING}, ${NAME}!
${MULTI}          first    second
@{LIST}           one    two    three
&{DICT}           key=value    number=${42}
${INTEGER}        ${3}

*** Test Cases ***
Scalars and joined values
    Should Be Equal    ${JOINED}    Hello, world!
    Should Be Equal    ${MULTI}    first second

Names ignore case, spaces and underscores
    Should Be Equal    ${greeting}    Hello
    Should Be Equal    ${G R E E T I N G}    Hello
    Should Be Equal    ${_greeting_}    Hello

Lists expand into arguments
    Length Should Be    ${LIST}    3
    ${joined}=    Catenate    @{LIST}
    Should Be Equal    ${joined}    one two three

List and dictionary items
    Should Be Equal    ${LIST}[0]    one
    Should Be Equal    ${LIST}[-1]    three
    Should Be Equal    ${LIST}[1:]    ${{['two', 'three']}}
    Should Be Equal    ${DICT}[key]    value
    Should Be Equal    ${DICT}[number]    ${42}
    ${i}=    Set Variable    ${1}
    Should Be Equal    ${LIST}[${i}]    two

A missing item
    [Documentation]    FAIL List '\${LIST}' has no item in index 5.
    Log    ${LIST}[5]

A missing key
    [Documentation]    FAIL Dictionary '\${DICT}' has no key 'nope'.
    Log    ${DICT}[nope]

Dictionary attribute access
    Should Be Equal    ${DICT.key}    value

A variable that does not exist
    [Documentation]    FAIL Variable '\${nonexisting}' not found.
    Log    ${nonexisting}

Environment variables
    Should Be Equal    %{TOLLGATE_ROBOT_CORPUS_VAR}    from the environment
    Should Be Equal    %{TOLLGATE_NO_SUCH_VAR=fallback}    fallback

A missing environment variable
    [Documentation]    FAIL Environment variable '%{TOLLGATE_NO_SUCH_VAR}' not found.
    Log    %{TOLLGATE_NO_SUCH_VAR}

Built-in variables
    Should Be Equal    ${EMPTY}    ${{''}}
    Should Be Equal    a${SPACE}b    a b
    Should Be Equal    ${TRUE}    ${{True}}
    Should Be Equal    ${NONE}    ${{None}}
    Should Be Equal    ${0x10}    ${16}
    Should Be Equal    ${TEST NAME}    Built-in variables
    Should Be Equal    ${SUITE NAME}    Variables
    Length Should Be    ${EMPTY}    0

Escapes keep text literal
    Should Be Equal    \${NAME}    $\{NAME}
    Length Should Be    a\\b    3
    ${text}=    Set Variable    line1\nline2
    Should Contain    ${text}    \n
    Should Be Equal    \#not a comment    ${{'#not a comment'}}

Assignment of several values
    ${a}    ${b}=    Create List    1    2
    Should Be Equal    ${a}    1
    Should Be Equal    ${b}    2
    ${first}    @{rest}=    Create List    1    2    3
    Should Be Equal    ${rest}    ${{['2', '3']}}

Assigning too many values
    [Documentation]    FAIL Cannot set variables: Expected 2 return values, got 3.
    ${a}    ${b}=    Create List    1    2    3

Assigning a string to a list variable
    [Documentation]    FAIL Setting variable '\@{list}' failed: Expected list-like value, got string.
    @{list}=    Set Variable    text

Set Test Variable is seen by keywords
    Set Test Variable    \${SHARED}    shared value
    Keyword Sees Shared Variable

Set Suite Variable lives for the suite
    Set Suite Variable    \${SUITE LEVEL}    set in an earlier test
    Should Be Equal    ${SUITE LEVEL}    set in an earlier test

Suite variable from an earlier test
    Should Be Equal    ${SUITE LEVEL}    set in an earlier test

Local variables are local to their keyword
    Keyword Sets A Local
    Variable Should Not Exist    \${LOCAL IN KEYWORD}

VAR creates variables
    VAR    ${x}    value
    VAR    @{items}    a    b
    VAR    &{map}    k=v
    VAR    ${joined}    a    b    separator=-
    Should Be Equal    ${x}    value
    Should Be Equal    ${items}    ${{['a', 'b']}}
    Should Be Equal    ${map}[k]    v
    Should Be Equal    ${joined}    a-b

VAR with test scope
    Keyword Uses VAR With Test Scope
    Should Be Equal    ${FROM VAR}    test scoped

Inline Python evaluation
    Should Be Equal    ${{1 + 2}}    ${3}
    Should Be Equal    ${{ $INTEGER * 2 }}    ${6}

*** Keywords ***
Keyword Sees Shared Variable
    Should Be Equal    ${SHARED}    shared value

Keyword Sets A Local
    ${LOCAL IN KEYWORD}=    Set Variable    local

Keyword Uses VAR With Test Scope
    VAR    ${FROM VAR}    test scoped    scope=TEST
