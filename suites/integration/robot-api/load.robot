*** Settings ***
Documentation     A short open-model load on the API through the Traffic library.
Library           Traffic

*** Test Cases ***
Listing slices holds a steady arrival rate without errors
    ${load}=    Run Http Load    /slices    rate=50    duration=1s    max_error_rate=0.01    name=list-slices
    Should Be True    ${load}[completed] >= 40
    Should Be True    ${load}[latency_ms][p99] > 0
