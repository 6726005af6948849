/**
 * Catalog governance (§13, §15): certification records, signed connector bundles ({@link ConnectorBundles}),
 * and the {@link ConnectorCatalog} of connector type versions with their approval, security review, feature
 * flags and deprecation lifecycle, which an engine built with {@code EngineBuilder.catalog} enforces; and the
 * supply-chain scan ({@link BundleScanner}) and dependency review ({@link DependencyReviewer}) that approving
 * an untrusted connector requires.
 */
@NullMarked
package io.cynodeai.connector.core.catalog;

import org.jspecify.annotations.NullMarked;
