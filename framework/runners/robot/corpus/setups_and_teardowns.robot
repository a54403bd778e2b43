*** Settings ***
Documentation     Test setups and teardowns, suite defaults and overrides.
Test Setup        Log    default setup
Test Teardown     Log    default teardown

*** Test Cases ***
Default setup and teardown
    No Operation

Setup failure stops the body
    [Documentation]    FAIL Setup failed:\nsetup broke
    [Setup]    Fail    setup broke
    Fail    never runs

Teardown failure fails a passing test
    [Documentation]    FAIL Teardown failed:\nteardown broke
    [Teardown]    Fail    teardown broke
    No Operation

Body and teardown both fail
    [Documentation]    FAIL body broke\n\nAlso teardown failed:\nteardown broke
    [Teardown]    Fail    teardown broke
    Fail    body broke

Setup and teardown both fail
    [Documentation]    FAIL Setup failed:\nsetup broke\n\nAlso teardown failed:\nteardown broke
    [Setup]    Fail    setup broke
    [Teardown]    Fail    teardown broke
    No Operation

Teardown runs every keyword even when one fails
    [Documentation]    FAIL Teardown failed:\nSeveral failures occurred:\n\n1) first\n\n2) second
    [Teardown]    Two Failures In Teardown
    No Operation

No setup with NONE
    [Setup]    NONE
    No Operation

Empty test
    [Documentation]    FAIL Test cannot be empty.

Skip in teardown
    [Documentation]    SKIP Skipped in teardown:\nnot now
    [Teardown]    Skip    not now
    No Operation

Tags can be set at run time
    [Tags]    original
    Set Tags    added
    Should Contain    ${TEST TAGS}    added

Test skipped by its tag
    [Documentation]    SKIP Test skipped using 'robot:skip' tag.
    [Tags]    robot:skip
    Fail    not run

Continue on failure by tag
    [Documentation]    FAIL Several failures occurred:\n\n1) one\n\n2) two
    [Tags]    robot:continue-on-failure
    Fail    one
    Fail    two

*** Keywords ***
Two Failures In Teardown
    Fail    first
    Fail    second
