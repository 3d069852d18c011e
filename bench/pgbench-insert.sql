-- The INSERT the service runs for an account with every enum field set, straight into PostgreSQL.
INSERT INTO accounts (id, name, slug, owner_email, subscription_status, plan_tier, billing_interval,
                      trial_ends_at, created_at, updated_at)
VALUES (gen_random_uuid(), 'Bench pgbench', 'p-' || gen_random_uuid(), 'ops@bench.example', 'trialing', 'growth',
        'annual', now() + interval '14 days', now(), now());
