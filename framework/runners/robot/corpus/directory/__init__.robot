*** Settings ***
Documentation     A directory is a suite; this file holds its settings.
Suite Setup       Set Variable For Child Suites
Test Tags         from-init

*** Keywords ***
Set Variable For Child Suites
    # As in Robot, child suites see a suite variable only when it is set for them (scope=SUITES).
    VAR    ${FROM INIT}    init ran    scope=SUITES
