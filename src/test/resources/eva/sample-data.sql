-- A little sample data for the local quick start: what EVA's own writers leave behind.
INSERT INTO accounts (id, name, slug, owner_email, subscription_status, plan_tier, billing_interval, trial_ends_at)
VALUES ('6f1c2b1e-0c7a-4d2e-9a51-3b1f0a9d0001', 'Acme GmbH', 'acme-gmbh', 'ops@acme.example',
        'trialing', 'growth', 'annual', now() + interval '14 days'),
       ('6f1c2b1e-0c7a-4d2e-9a51-3b1f0a9d0002', 'Globex Corporation', 'globex', 'it@globex.example',
        'active', 'enterprise', 'monthly', NULL),
       ('6f1c2b1e-0c7a-4d2e-9a51-3b1f0a9d0003', 'Initech', 'initech', 'billing@initech.example',
        NULL, NULL, NULL, NULL);

INSERT INTO partner_domains (account_id, domain, status, verified_at)
VALUES ('6f1c2b1e-0c7a-4d2e-9a51-3b1f0a9d0001', 'acme.example', 'verified', now()),
       ('6f1c2b1e-0c7a-4d2e-9a51-3b1f0a9d0002', 'globex.example', 'pending', NULL);

INSERT INTO partner_deals (account_id, title, amount_cents, currency, stage, expected_close_date, closed_at)
VALUES ('6f1c2b1e-0c7a-4d2e-9a51-3b1f0a9d0001', 'Acme annual renewal', 1200000, 'EUR', 'negotiation', current_date + 30, NULL),
       ('6f1c2b1e-0c7a-4d2e-9a51-3b1f0a9d0002', 'Globex rollout', 4990000, 'USD', 'closed-won', NULL, now());
