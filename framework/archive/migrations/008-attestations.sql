-- The signed verdict of a run (its DSSE envelope, attestation.intoto.json,
-- as text), so that `tollgate verdict --attestation FILE` hands a CD system
-- the attestation of the run that decides, wherever that run wrote its
-- files: a Kubernetes pod's run directory goes with the pod. NULL when the
-- run was not signed (no TOLLGATE_SIGNING_KEY or no --subject).

ALTER TABLE runs ADD COLUMN attestation TEXT;
