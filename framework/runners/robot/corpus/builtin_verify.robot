*** Settings ***
Documentation     BuiltIn's verification keywords, with the messages Robot Framework gives.
...               A test whose documentation starts with FAIL must fail with exactly that message.

*** Test Cases ***
Should Be Equal passes on equal strings
    Should Be Equal    abc    abc

Should Be Equal fails with both values
    [Documentation]    FAIL a != b
    Should Be Equal    a    b

Should Be Equal shows types when the values print the same
    [Documentation]    FAIL 1 (string) != 1 (integer)
    Should Be Equal    1    ${1}

Should Be Equal with a custom message
    [Documentation]    FAIL my message: x != y
    Should Be Equal    x    y    my message

Should Be Equal with a custom message and no values
    [Documentation]    FAIL my message
    Should Be Equal    x    y    my message    values=False

Should Be Equal ignoring case
    Should Be Equal    HeLLo    hello    ignore_case=True

Should Be Equal As Integers
    Should Be Equal As Integers    42    ${42}
    Should Be Equal As Integers    0x10    16

Should Be Equal As Integers fails
    [Documentation]    FAIL 1 != 2
    Should Be Equal As Integers    1    2

Should Be Equal As Integers with a bad value
    [Documentation]    FAIL 'abc' cannot be converted to an integer: ValueError: invalid literal for int() with base 10: 'abc'
    Should Be Equal As Integers    abc    1

Should Be Equal As Numbers
    Should Be Equal As Numbers    1.0000001    1
    Should Be Equal As Numbers    ${0.1}    0.1

Should Be Equal As Numbers fails
    [Documentation]    FAIL 1.5 != 2.0
    Should Be Equal As Numbers    1.5    2

Should Be Equal As Strings
    Should Be Equal As Strings    ${42}    42

Should Not Be Equal fails
    [Documentation]    FAIL a == a
    Should Not Be Equal    a    a

Should Be True with an expression
    Should Be True    1 + 1 == 2
    Should Be True    ${5} > 3
    Should Be True    $LIST_VAR and len($LIST_VAR) == 0 or True

Should Be True fails
    [Documentation]    FAIL '1 > 2' should be true.
    Should Be True    1 > 2

Should Be True fails with a custom message
    [Documentation]    FAIL not bigger
    Should Be True    1 > 2    not bigger

Should Not Be True fails
    [Documentation]    FAIL 'True' should not be true.
    Should Not Be True    True

Should Contain in strings and lists
    Should Contain    Hello world    world
    @{list}=    Create List    a    b
    Should Contain    ${list}    b

Should Contain fails
    [Documentation]    FAIL 'Hello' does not contain 'x'
    Should Contain    Hello    x

Should Contain fails on a list
    [Documentation]    FAIL '['a', 'b']' does not contain 'c'
    @{list}=    Create List    a    b
    Should Contain    ${list}    c

Should Not Contain fails
    [Documentation]    FAIL 'Hello' contains 'ell'
    Should Not Contain    Hello    ell

Should Match a glob
    Should Match    robot.robot    *.rob?t

Should Match fails
    [Documentation]    FAIL 'foo' does not match 'b*'
    Should Match    foo    b*

Should Match Regexp returns the match
    ${m}=    Should Match Regexp    Build 42 ok    \\d+
    Should Be Equal    ${m}    42

Should Match Regexp fails
    [Documentation]    FAIL 'abc' does not match '^\\d+$'
    Should Match Regexp    abc    ^\\d+$

Length Should Be
    Length Should Be    abc    3
    @{l}=    Create List    1    2
    Length Should Be    ${l}    2

Length Should Be fails
    [Documentation]    FAIL Length of 'abc' should be 2 but is 3.
    Length Should Be    abc    2

Should Be Empty fails
    [Documentation]    FAIL 'x' should be empty.
    Should Be Empty    x

Should Not Be Empty fails
    [Documentation]    FAIL '' should not be empty.
    Should Not Be Empty    ${EMPTY}

Should Start With and End With
    Should Start With    robot framework    robot
    Should End With    robot framework    work

Should Start With fails
    [Documentation]    FAIL 'robot' does not start with 'x'
    Should Start With    robot    x

Should Contain X Times fails
    [Documentation]    FAIL 'banana' contains 'a' 3 times, not 2 times.
    Should Contain X Times    banana    a    2

Get Length
    ${n}=    Get Length    hello
    Should Be Equal    ${n}    ${5}

Get Length of something without length
    [Documentation]    FAIL Could not get length of '5'.
    Get Length    ${5}

Fail with a message
    [Documentation]    FAIL Custom failure
    Fail    Custom failure

Fail without a message
    [Documentation]    FAIL AssertionError
    Fail

Skip ends the test as skipped
    [Documentation]    SKIP Skipped with Skip keyword.
    Skip
    Fail    not run

Skip If with a reason
    [Documentation]    SKIP not today
    Skip If    1 == 1    not today

Pass Execution passes with its message
    [Documentation]    PASS Done early.
    Pass Execution    Done early.
    Fail    not run

Keyword that does not exist
    [Documentation]    FAIL No keyword with name 'Does Not Exist' found.
    Does Not Exist

Too many arguments to a library keyword
    [Documentation]    FAIL Keyword 'BuiltIn.No Operation' expected 0 arguments, got 1.
    No Operation    extra

Too few arguments to a library keyword
    [Documentation]    FAIL Keyword 'BuiltIn.Should Be Equal' expected 2 to 10 arguments, got 1.
    Should Be Equal    only one

Names ignore case, spaces and underscores
    should be equal    a    a
    SHOULD_BE_EQUAL    a    a
    BuiltIn.Should Be Equal    a    a

Evaluate is safe
    ${v}=    Evaluate    len('abc') * 2 + max(1, 5)
    Should Be Equal    ${v}    ${11}
    ${s}=    Evaluate    'a,b'.split(',')
    Should Be Equal    ${s}    ${{['a', 'b']}}

Evaluate cannot reach JavaScript
    [Documentation]    FAIL Evaluating expression '__import__('os')' failed: NameError: name '__import__' is not defined nor importable as module
    Evaluate    __import__('os')

Evaluate cannot reach constructors
    [Documentation]    FAIL Evaluating expression ''x'.constructor' failed: AttributeError: 'str' object has no attribute 'constructor'
    Evaluate    'x'.constructor

Catenate and conversions
    ${c}=    Catenate    a    b    c
    Should Be Equal    ${c}    a b c
    ${c}=    Catenate    SEPARATOR=-    a    b
    Should Be Equal    ${c}    a-b
    ${i}=    Convert To Integer    12
    Should Be Equal    ${i}    ${12}
    ${f}=    Convert To Number    1.5
    Should Be Equal    ${f}    ${1.5}
    ${s}=    Convert To String    ${12}
    Should Be Equal    ${s}    12
    ${b}=    Convert To Boolean    false
    Should Be Equal    ${b}    ${FALSE}

Run Keyword And Expect Error
    Run Keyword And Expect Error    a != b    Should Be Equal    a    b
    Run Keyword And Expect Error    *!=*    Should Be Equal    a    b
    Run Keyword And Expect Error    STARTS: a !=    Should Be Equal    a    b

Run Keyword And Expect Error when another error occurs
    [Documentation]    FAIL Expected error 'x' but got 'a != b'.
    Run Keyword And Expect Error    x    Should Be Equal    a    b

Run Keyword And Expect Error when no error occurs
    [Documentation]    FAIL Expected error 'x' did not occur.
    Run Keyword And Expect Error    x    No Operation

Run Keyword And Return Status and Ignore Error
    ${ok}=    Run Keyword And Return Status    Should Be Equal    a    b
    Should Be Equal    ${ok}    ${FALSE}
    ${status}    ${message}=    Run Keyword And Ignore Error    Fail    oops
    Should Be Equal    ${status}    FAIL
    Should Be Equal    ${message}    oops

Run Keyword If with ELSE
    ${v}=    Run Keyword If    1 > 2    Set Variable    a    ELSE IF    2 > 1    Set Variable    b    ELSE    Set Variable    c
    Should Be Equal    ${v}    b

Run Keywords with AND
    Run Keywords    Log    one    AND    Log    two

Wait Until Keyword Succeeds gives up
    [Documentation]    FAIL Keyword 'Fail' failed after retrying 3 times. The last error was: nope
    Wait Until Keyword Succeeds    3x    1ms    Fail    nope

Repeat Keyword
    Repeat Keyword    3 times    Log    again

Variable Should Exist fails
    [Documentation]    FAIL Variable '\${nope}' does not exist.
    Variable Should Exist    \${nope}

Get Variable Value
    ${v}=    Get Variable Value    \${nope}    default
    Should Be Equal    ${v}    default

*** Variables ***
@{LIST_VAR}
