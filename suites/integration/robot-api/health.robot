*** Settings ***
Documentation     The POD is up, and publishes its API index and schemas.
Library           API
Library           Collections

*** Test Cases ***
The API index names every collection and the event stream
    ${index}=    GET    /    expected_status=200
    FOR    ${collection}    IN    enterprises    sites    device-groups    slices
        List Should Contain Value    ${index.json}[resources]    /api/v1/${collection}
    END
    Should Be Equal    ${index.json}[events]    /api/v1/events

The published schemas include those the suites check against
    ${list}=    GET    /schemas    expected_status=200
    FOR    ${name}    IN    slice    slice-list    slice-input    error    event
        List Should Contain Value    ${list.json}[items]    ${name}
    END
    ${slice}=    Get Schema    slice
    Should Be Equal    ${slice}[$id]    urn:tollgate:pod:slice
