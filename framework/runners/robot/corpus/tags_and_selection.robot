*** Settings ***
Documentation     Tags for selection with AND / OR / NOT patterns (checked by the tests' own code).
Test Tags         corpus

*** Test Cases ***
Smoke and fast
    [Tags]    smoke    fast
    No Operation

Smoke but slow
    [Tags]    smoke    slow
    No Operation

Regression only
    [Tags]    regression
    No Operation

Excluded always
    [Tags]    robot:exclude
    Fail    never selected
