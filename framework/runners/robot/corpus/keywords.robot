*** Settings ***
Documentation     User keywords: arguments of every kind, embedded arguments, RETURN,
...               keyword teardowns, resource files and TypeScript libraries.
Resource          resources/common.resource
Library           lib/counter-library.ts
Library           Collections
Library           String
Library           lib/memory-library.ts
Variables         resources/vars.json

*** Test Cases ***
Positional and default arguments
    ${r}=    Join Two    a    b
    Should Be Equal    ${r}    a-b
    ${r}=    Join Two    a
    Should Be Equal    ${r}    a-default

Named arguments
    ${r}=    Join Two    second=y    first=x
    Should Be Equal    ${r}    x-y

Varargs and kwargs
    ${r}=    Count Args    1    2    3    key=value
    Should Be Equal    ${r}    3 args, 1 named

Named-only arguments
    ${r}=    Named Only    a    flag=yes
    Should Be Equal    ${r}    a:yes

Too many arguments
    [Documentation]    FAIL Keyword 'Join Two' expected 1 to 2 arguments, got 3.
    Join Two    a    b    c

Missing arguments
    [Documentation]    FAIL Keyword 'Join Two' expected 1 to 2 arguments, got 0.
    Join Two

Named argument syntax with an unknown name is a positional argument
    ${r}=    Join Two    a    third=c
    Should Be Equal    ${r}    a-third=c

A value given twice
    [Documentation]    FAIL Keyword 'Join Two' got multiple values for argument 'first'.
    Join Two    a    first=b

Embedded arguments
    The result of 2 + 3 should be 5
    Select "robot" from the list

Embedded arguments with a pattern
    Number 42 is even

Keyword from a resource file
    ${r}=    Resource Keyword    value
    Should Be Equal    ${r}    resource got value

Resource variables
    Should Be Equal    ${RESOURCE VARIABLE}    from resource

Keyword teardown runs after a failure
    [Documentation]    FAIL body fails\n\nAlso keyword teardown failed:\nteardown fails too
    Keyword With Failing Teardown

RETURN from inside a loop
    ${r}=    First Over    ${{[1, 5, 10]}}    3
    Should Be Equal    ${r}    ${5}

A TypeScript library
    Reset Counter
    Increment Counter
    Increment Counter    by=5
    ${n}=    Get Counter
    Should Be Equal    ${n}    ${6}

A TypeScript library's failure
    [Documentation]    FAIL Counter is 0, expected 3
    Reset Counter
    Counter Should Be    3

An async TypeScript keyword
    ${v}=    Slow Echo    hi
    Should Be Equal    ${v}    hi

Collections and String
    @{list}=    Create List    b    a
    Append To List    ${list}    c
    Sort List    ${list}
    Lists Should Be Equal    ${list}    ${{['a', 'b', 'c']}}
    &{dict}=    Create Dictionary    a=1
    Dictionary Should Contain Key    ${dict}    a
    ${upper}=    Convert To Upper Case    robot
    Should Be Equal    ${upper}    ROBOT
    @{parts}=    Split String    a,b,c    ,
    Length Should Be    ${parts}    3

Collections failure message
    [Documentation]    FAIL Dictionary does not contain key 'b'.
    &{dict}=    Create Dictionary    a=1
    Dictionary Should Contain Key    ${dict}    b

Recursion is limited
    [Documentation]    FAIL Recursive execution stopped.
    Recurse Forever

Named arguments through Run Keyword
    ${r}=    Run Keyword    Join Two    second=y    first=x
    Should Be Equal    ${r}    x-y
    &{d}=    Run Keyword    Create Dictionary    a=1
    Should Be Equal    ${d}[a]    1

A TEST scoped library starts fresh in each test
    Remember    one
    ${all}=    Remembered
    Should Be Equal    ${all}    ${{['one']}}

And again in the next test
    Remember    two
    ${all}=    Remembered
    Should Be Equal    ${all}    ${{['two']}}

Variables from a variable file
    Should Be Equal    ${FROM_JSON}    json value
    Should Be Equal    ${NUMBERS}[1]    ${2}

*** Keywords ***
Join Two
    [Arguments]    ${first}    ${second}=default
    RETURN    ${first}-${second}

Count Args
    [Arguments]    @{args}    &{kwargs}
    ${n}=    Get Length    ${args}
    ${k}=    Get Length    ${kwargs}
    RETURN    ${n} args, ${k} named

Named Only
    [Arguments]    ${value}    @{}    ${flag}
    RETURN    ${value}:${flag}

The result of ${a} + ${b} should be ${expected}
    ${sum}=    Evaluate    int($a) + int($b)
    Should Be Equal As Integers    ${sum}    ${expected}

Select "${item}" from the list
    Should Be Equal    ${item}    robot

Number ${n:\d+} is even
    Should Be True    ${n} % 2 == 0

Keyword With Failing Teardown
    [Teardown]    Fail    teardown fails too
    Fail    body fails

First Over
    [Arguments]    ${values}    ${limit}
    FOR    ${v}    IN    @{values}
        IF    ${v} > ${limit}    RETURN    ${v}
    END
    RETURN    ${NONE}

Recurse Forever
    Recurse Forever
