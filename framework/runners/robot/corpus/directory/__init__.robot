*** Settings ***
Documentation     A directory is a suite; this file holds its settings.
Suite Setup       Set Suite Variable    \${FROM INIT}    init ran
Test Tags         from-init
