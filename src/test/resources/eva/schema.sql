-- EVA's schema as the provisioning service finds it (see ../shared/contract/EVA-SCHEMA.md).
-- EVA owns this schema; the service never runs DDL. This copy exists only for tests and the local quick start.

CREATE TYPE subscription_status AS ENUM ('trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused');
CREATE TYPE plan_tier AS ENUM ('free', 'starter', 'growth', 'enterprise');
CREATE TYPE billing_interval AS ENUM ('monthly', 'annual');
CREATE TYPE domain_status AS ENUM ('pending', 'verified', 'failed', 'revoked');
CREATE TYPE deal_stage AS ENUM ('prospecting', 'qualified', 'proposal', 'negotiation', 'closed-won', 'closed-lost');

CREATE TABLE accounts (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                varchar(200) NOT NULL CONSTRAINT accounts_name_not_blank CHECK (btrim(name) <> ''),
    slug                varchar(63)  NOT NULL CONSTRAINT accounts_slug_key UNIQUE
                        CONSTRAINT accounts_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'),
    owner_email         varchar(254) NOT NULL,
    subscription_status subscription_status,
    plan_tier           plan_tier,
    billing_interval    billing_interval,
    trial_ends_at       timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_trial_needs_end CHECK (subscription_status IS DISTINCT FROM 'trialing' OR trial_ends_at IS NOT NULL)
);

CREATE TABLE partner_domains (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    domain      varchar(253) NOT NULL,
    status      domain_status NOT NULL DEFAULT 'pending',
    verified_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partner_domains_domain_key ON partner_domains (lower(domain));

CREATE TABLE partner_deals (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id          uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title               varchar(200) NOT NULL CONSTRAINT partner_deals_title_not_blank CHECK (btrim(title) <> ''),
    amount_cents        bigint NOT NULL CONSTRAINT partner_deals_amount_cents_check CHECK (amount_cents >= 0),
    currency            char(3) NOT NULL CONSTRAINT partner_deals_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    stage               deal_stage NOT NULL DEFAULT 'prospecting',
    expected_close_date date,
    closed_at           timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT partner_deals_closed_at_matches_stage
        CHECK ((stage IN ('closed-won', 'closed-lost')) = (closed_at IS NOT NULL))
);
CREATE INDEX partner_deals_account_stage_idx ON partner_deals (account_id, stage);
