*** Settings ***
Documentation     The reference POD's API integration checks, written as a Robot
...               Framework suite: an example of the robot-framework-ts-adapter
...               (runner 'robot') with the API keyword library over tollgate's api driver.
Library           API
Suite Setup       The POD Is Healthy
Test Tags         api    robot

*** Keywords ***
The POD Is Healthy
    ${health}=    GET    ${ENDPOINTS}[base]/healthz    expected_status=200
    Should Be Equal    ${health.json}[status]    ok
