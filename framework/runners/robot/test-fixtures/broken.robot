*** Settings ***
Documentation     A file with a syntax error: an unknown section header.

*** Test Case ***
Fine
    No Operation

*** Tset Cases ***
Never
    No Operation
