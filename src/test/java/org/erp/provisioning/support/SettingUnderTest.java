package org.erp.provisioning.support;

/**
 * Marks a test profile or test resource that changes a database or HTTP setting from what ships: the tests that use
 * it test that setting, not the defaults, and say so in their name. Every fault test runs the shipped settings
 * unless it is a test of a setting ({@code ShippedSettingsTest} holds the suite to this).
 */
public interface SettingUnderTest {

    /** The setting this profile or resource tests, and why a test needs it changed. */
    String settingUnderTest();
}
