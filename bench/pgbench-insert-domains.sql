-- An account with two partner domains, as one statement straight into PostgreSQL: the least a database can do for
-- what the service's create-domains requests write.
WITH account AS (
  INSERT INTO accounts (id, name, slug, owner_email, subscription_status, plan_tier, billing_interval,
                        trial_ends_at, created_at, updated_at)
  VALUES (gen_random_uuid(), 'Bench pgbench', 'p-' || gen_random_uuid(), 'ops@bench.example', 'trialing', 'growth',
          'annual', now() + interval '14 days', now(), now())
  RETURNING id, slug, created_at)
INSERT INTO partner_domains (account_id, domain, created_at)
SELECT account.id, host || '.' || account.slug || '.bench.example', account.created_at
FROM account, (VALUES ('www'), ('shop')) AS hosts (host);
