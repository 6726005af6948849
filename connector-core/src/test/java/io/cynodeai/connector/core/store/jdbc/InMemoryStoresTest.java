package io.cynodeai.connector.core.store.jdbc;

import io.cynodeai.connector.core.store.Stores;

class InMemoryStoresTest extends StoreContract {
  private final Stores stores = Stores.inMemory();

  @Override
  Stores stores() {
    return stores;
  }
}
