*** Settings ***
Documentation     Bad input is refused with a body that says what is wrong; unknown things are 404.
Resource          resources/slices.resource
Library           Collections
Test Tags         validation

*** Test Cases ***
A slice with wrong fields is refused with 422 and one detail per problem
    ${body}    ${id}=    A New Slice Body
    Set To Dictionary    ${body}    sst=${0}    sd=xyz    surprise=${TRUE}
    ${refused}=    POST    /slices    json=${body}    expected_status=422
    Response Should Match Schema    ${refused}    error
    Should Be Equal    ${refused.json}[error]    validation
    @{paths}=    Create List
    FOR    ${detail}    IN    @{refused.json}[details]
        Append To List    ${paths}    ${detail}[path]
    END
    Sort List    ${paths}
    ${expected}=    Create List    /sd    /sst    /surprise
    Lists Should Be Equal    ${paths}    ${expected}

A body that is not JSON is refused with 400
    &{headers}=    Create Dictionary    content-type=application/json
    ${refused}=    POST    /slices    data={"name":    headers=${headers}    expected_status=400
    Response Should Match Schema    ${refused}    error
    Should Be Equal    ${refused.json}[error]    bad_request
    Should Match Regexp    ${refused.json}[message]    not valid JSON

An unknown slice is 404 on read, update and delete
    [Template]    Unknown Slice Answers 404
    GET
    PATCH
    DELETE

*** Keywords ***
Unknown Slice Answers 404
    [Arguments]    ${method}
    IF    '${method}' == 'PATCH'
        &{patch}=    Create Dictionary    sst=${2}
        ${answer}=    PATCH    /slices/no-such-slice    json=${patch}    expected_status=404
    ELSE IF    '${method}' == 'GET'
        ${answer}=    GET    /slices/no-such-slice    expected_status=404
    ELSE
        ${answer}=    DELETE    /slices/no-such-slice    expected_status=404
    END
    Response Should Match Schema    ${answer}    error
    Should Be Equal    ${answer.json}[error]    not_found
