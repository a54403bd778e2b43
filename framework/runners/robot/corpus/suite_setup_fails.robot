*** Settings ***
Documentation     A suite whose setup fails: every test fails without running.
Suite Setup       Fail    setup of the suite broke

*** Test Cases ***
First
    [Documentation]    FAIL Parent suite setup failed:\nsetup of the suite broke
    No Operation

Second
    [Documentation]    FAIL Parent suite setup failed:\nsetup of the suite broke
    No Operation
