*** Settings ***
Documentation     Templates (every row runs, even after a failure) and timeouts.
Test Timeout      10 seconds

*** Test Cases ***
Template rows are arguments
    [Template]    Should Be Equal
    a    a
    ${1}    ${1}

Template runs every row and collects failures
    [Documentation]    FAIL Several failures occurred:\n\n1) a != b\n\n2) c != d
    [Template]    Should Be Equal
    a    b
    x    x
    c    d

Template with FOR
    [Template]    Should Be True
    FOR    ${i}    IN RANGE    3
        ${i} < 3
    END

Template with embedded arguments
    [Template]    The sum of ${a} and ${b} is ${c}
    1    2    3
    2    2    4

Test timeout
    [Documentation]    FAIL Test timeout 50 milliseconds exceeded.
    [Timeout]    50ms
    Sleep    5s

Keyword timeout
    [Documentation]    FAIL Keyword timeout 50 milliseconds exceeded.
    Slow Keyword

No timeout
    [Timeout]    NONE
    Sleep    1ms

*** Keywords ***
The sum of ${a} and ${b} is ${c}
    Should Be Equal As Integers    ${{int($a) + int($b)}}    ${c}

Slow Keyword
    [Timeout]    50ms
    Sleep    5s
