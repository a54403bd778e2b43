*** Settings ***
Documentation     FOR, WHILE, IF, inline IF, TRY/EXCEPT, BREAK, CONTINUE, RETURN.

*** Variables ***
@{ITEMS}          a    b    c

*** Test Cases ***
FOR IN
    ${seen}=    Set Variable    ${EMPTY}
    FOR    ${item}    IN    @{ITEMS}    d
        ${seen}=    Set Variable    ${seen}${item}
    END
    Should Be Equal    ${seen}    abcd

FOR with two variables
    ${seen}=    Set Variable    ${EMPTY}
    FOR    ${key}    ${value}    IN    a    1    b    2
        ${seen}=    Set Variable    ${seen}${key}=${value};
    END
    Should Be Equal    ${seen}    a=1;b=2;

FOR with values that do not fit the variables
    [Documentation]    FAIL Number of FOR loop values should be multiple of its variables. Got 2 variables but 3 values.
    FOR    ${a}    ${b}    IN    1    2    3
        Log    ${a}
    END

FOR IN RANGE
    ${sum}=    Set Variable    ${0}
    FOR    ${i}    IN RANGE    1    11
        ${sum}=    Evaluate    $sum + $i
    END
    Should Be Equal    ${sum}    ${55}
    ${count}=    Set Variable    ${0}
    FOR    ${i}    IN RANGE    10    0    -2
        ${count}=    Evaluate    $count + 1
    END
    Should Be Equal    ${count}    ${5}

FOR IN ENUMERATE
    FOR    ${index}    ${item}    IN ENUMERATE    @{ITEMS}    start=1
        Should Be Equal    ${ITEMS}[${{$index - 1}}]    ${item}
    END

FOR IN ZIP
    @{numbers}=    Create List    1    2    3
    ${out}=    Set Variable    ${EMPTY}
    FOR    ${letter}    ${number}    IN ZIP    ${ITEMS}    ${numbers}
        ${out}=    Set Variable    ${out}${letter}${number}
    END
    Should Be Equal    ${out}    a1b2c3

FOR IN ZIP strict mode with different lengths
    [Documentation]    FAIL FOR IN ZIP items must have equal lengths in the STRICT mode, but lengths are 3 and 1.
    @{one}=    Create List    1
    FOR    ${a}    ${b}    IN ZIP    ${ITEMS}    ${one}    mode=STRICT
        Log    ${a}
    END

FOR stops at the first failure
    [Documentation]    FAIL b
    FOR    ${item}    IN    @{ITEMS}
        Should Be Equal    ${item}    a    ${item}    values=False
    END

BREAK and CONTINUE
    ${out}=    Set Variable    ${EMPTY}
    FOR    ${i}    IN RANGE    10
        IF    $i == 1    CONTINUE
        IF    $i == 4    BREAK
        ${out}=    Set Variable    ${out}${i}
    END
    Should Be Equal    ${out}    023

BREAK outside a loop
    [Documentation]    FAIL BREAK is not allowed in this context.
    BREAK

WHILE
    ${i}=    Set Variable    ${0}
    WHILE    $i < 5
        ${i}=    Evaluate    $i + 1
    END
    Should Be Equal    ${i}    ${5}

WHILE with a limit
    [Documentation]    FAIL WHILE loop was aborted because it did not finish within the limit of 5 iterations. Use the 'limit' argument to increase or remove the limit if needed.
    WHILE    True    limit=5
        No Operation
    END

WHILE with on_limit=PASS
    WHILE    True    limit=3    on_limit=PASS
        No Operation
    END

WHILE with its own limit message
    [Documentation]    FAIL Too many rounds
    WHILE    True    limit=2    on_limit_message=Too many rounds
        No Operation
    END

IF ELSE IF ELSE
    ${x}=    Set Variable    ${2}
    IF    $x == 1
        Fail    not one
    ELSE IF    $x == 2
        ${branch}=    Set Variable    two
    ELSE
        Fail    not else
    END
    Should Be Equal    ${branch}    two

IF with a string condition from a variable
    ${name}=    Set Variable    robot
    IF    '${name}' == 'robot'
        Log    matched
    ELSE
        Fail    should match
    END

IF with an invalid condition
    [Documentation]    FAIL STARTS: Invalid IF condition: Evaluating expression "robot == 'robot'" failed: NameError: name 'robot' is not defined nor importable as module
    ${name}=    Set Variable    robot
    IF    ${name} == 'robot'
        Log    never
    END

Inline IF with assignment
    ${value}=    IF    1 > 2    Set Variable    big    ELSE    Set Variable    small
    Should Be Equal    ${value}    small
    ${none}=    IF    False    Set Variable    x
    Should Be Equal    ${none}    ${NONE}

TRY EXCEPT
    TRY
        Fail    my error
    EXCEPT    my error
        ${handled}=    Set Variable    yes
    END
    Should Be Equal    ${handled}    yes

TRY EXCEPT with patterns, AS, ELSE and FINALLY
    TRY
        Fail    Error 42 happened
    EXCEPT    Error *    type=GLOB    AS    ${err}
        Should Be Equal    ${err}    Error 42 happened
    ELSE
        Fail    no error, no ELSE
    FINALLY
        ${finally}=    Set Variable    ran
    END
    Should Be Equal    ${finally}    ran
    TRY
        No Operation
    EXCEPT
        Fail    no error to catch
    ELSE
        ${else}=    Set Variable    ran
    END
    Should Be Equal    ${else}    ran

TRY with a regexp pattern
    TRY
        Fail    code=503
    EXCEPT    code=\\d+    type=REGEXP
        No Operation
    END

TRY without a matching EXCEPT
    [Documentation]    FAIL not caught
    TRY
        Fail    not caught
    EXCEPT    something else
        No Operation
    FINALLY
        Log    finally runs anyway
    END

Failure in EXCEPT
    [Documentation]    FAIL from except
    TRY
        Fail    first
    EXCEPT
        Fail    from except
    END

Missing END
    [Documentation]    FAIL FOR loop must have closing END.
    FOR    ${x}    IN    a
        Log    ${x}

Empty IF branch
    [Documentation]    FAIL IF branch cannot be empty.
    IF    True
    END

END without a block
    [Documentation]    FAIL END is not allowed in this context.
    Log    before
    END

RETURN in a test
    [Documentation]    FAIL RETURN is not allowed in this context.
    RETURN
