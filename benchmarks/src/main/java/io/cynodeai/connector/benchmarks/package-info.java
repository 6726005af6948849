/** JMH benchmarks of the invocation pipeline, measured against baselines in the same run. */
@NullMarked
package io.cynodeai.connector.benchmarks;

import org.jspecify.annotations.NullMarked;
