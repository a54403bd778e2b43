*** Settings ***
Documentation     Create, read, list, update and delete a slice; every answer is
...               checked against the schema the POD publishes for it.
Resource          resources/slices.resource
Library           Collections
Test Tags         slices

*** Test Cases ***
Create a slice
    ${created}    ${id}=    Create Slice
    Should Be Equal    ${created.headers}[location]    /api/v1/slices/${id}
    Should Be Equal    ${created.json}[id]    ${id}
    Should Be Equal As Integers    ${created.json}[sst]    1

Read a slice, alone and in the list
    ${created}    ${id}=    Create Slice    description=read me
    ${read}=    GET    /slices/${id}    expected_status=200
    Response Should Match Schema    ${read}    slice
    Dictionaries Should Be Equal    ${read.json}    ${created.json}
    &{query}=    Create Dictionary    site=${SITE}
    ${list}=    GET    /slices    params=${query}    expected_status=200
    Response Should Match Schema    ${list}    slice-list
    ${found}=    Set Variable    ${FALSE}
    FOR    ${item}    IN    @{list.json}[items]
        IF    $item['id'] == $id
            ${found}=    Set Variable    ${TRUE}
            BREAK
        END
    END
    Should Be True    ${found}    slice ${id} is not in the list of site ${SITE}

Update a slice, by replacing it and by patching it
    ${created}    ${id}=    Create Slice
    ${body}=    Copy Dictionary    ${created.json}
    Remove From Dictionary    ${body}    id
    Set To Dictionary    ${body}    sst=${2}    description=replaced
    ${replaced}=    PUT    /slices/${id}    json=${body}    expected_status=200
    Response Should Match Schema    ${replaced}    slice
    Should Be Equal    ${replaced.json}[description]    replaced
    &{patch}=    Create Dictionary    maxBitrateDl=${42000000}    description=${NONE}
    ${patched}=    PATCH    /slices/${id}    json=${patch}    expected_status=200
    Response Should Match Schema    ${patched}    slice
    Should Be Equal    ${patched.json}[maxBitrateDl]    ${42000000}
    Dictionary Should Not Contain Key    ${patched.json}    description

Delete a slice
    ${created}    ${id}=    Create Slice
    ${deleted}=    DELETE    /slices/${id}    expected_status=204
    Should Be Empty    ${deleted.text}
    Slice Should Be Gone    ${id}
