| *** Settings *** |
| Documentation    | The pipe-separated format, continuation rows and comments. |

| *** Test Cases *** |
| Pipes work |
|    | ${value}= | Set Variable | piped |
|    | Should Be Equal | ${value} | piped |

*** Test Cases ***
Continuation rows join cells    # a comment after the name
    ${long}=    Catenate    one    two
    ...    three    # a comment
    # a full-line comment
    Should Be Equal    ${long}    one two three

Tabs separate too
	Should Be Equal	a	a
