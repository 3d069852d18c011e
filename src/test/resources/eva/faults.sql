-- Test-only: makes the real database raise any SQLSTATE on demand, so every row of the problem table is
-- exercised against PostgreSQL itself. Fires only for owner emails at fault.example; EVA's schema is untouched
-- otherwise.
--   sqlstate-XXXXX@fault.example   every insert fails with SQLSTATE XXXXX
--   sleep-N@fault.example          every insert first sleeps N seconds (statement timeouts, killed backends)
--   flaky@fault.example            every other insert attempt fails with 40001 (serialization failure)
--   unique-...@fault.example       unique among themselves (index accounts_fault_email_key), for 23505 on
--                                  a constraint the service has no special meaning for
CREATE SEQUENCE fault_attempts;
GRANT USAGE, SELECT ON SEQUENCE fault_attempts TO erp_provisioning;

CREATE FUNCTION raise_injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.owner_email LIKE 'sqlstate-_____@fault.example' THEN
        PERFORM nextval('fault_attempts');
        RAISE EXCEPTION 'injected fault' USING ERRCODE = substring(NEW.owner_email FROM 10 FOR 5);
    END IF;
    IF NEW.owner_email LIKE 'sleep-%@fault.example' THEN
        PERFORM pg_sleep(substring(NEW.owner_email FROM 'sleep-([0-9]+)@')::int);
    END IF;
    IF NEW.owner_email = 'flaky@fault.example' AND nextval('fault_attempts') % 2 = 1 THEN
        RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER accounts_injected_fault BEFORE INSERT ON accounts
    FOR EACH ROW EXECUTE FUNCTION raise_injected_fault();

CREATE UNIQUE INDEX accounts_fault_email_key ON accounts (owner_email) WHERE owner_email LIKE 'unique-%@fault.example';
