/** A weather connector: a template for a connector project (type, failure mapping, credentials, certification). */
@NullMarked
package com.example.weather;

import org.jspecify.annotations.NullMarked;
