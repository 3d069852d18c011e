package org.erp.provisioning.account;

/** A checked list request: the filter, the page's start (null for the first page) and its size. */
record AccountQuery(AccountFilter filter, PageCursor after, int size) {
}
