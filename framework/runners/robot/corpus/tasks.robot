*** Settings ***
Documentation     Tasks run like tests (RPA mode); output.xml marks rpa="true".

*** Tasks ***
Process an item
    ${item}=    Set Variable    invoice-1
    Should Start With    ${item}    invoice

A task that fails
    [Documentation]    FAIL nothing to process
    Fail    nothing to process
