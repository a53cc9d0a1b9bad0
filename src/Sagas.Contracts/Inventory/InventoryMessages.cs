namespace Sagas.Contracts.Inventory;

/// <summary>How many of one SKU an order needs.</summary>
public record StockItem(string Sku, int Quantity);

/// <summary>Orchestrator → inventory worker: reserve every item of an order, all or nothing.</summary>
public record ReserveStock(Guid CorrelationId, IReadOnlyList<StockItem> Items);

/// <summary>Inventory worker → order saga: every item is held for the order.</summary>
public record StockReserved(Guid CorrelationId);

/// <summary>Inventory worker → order saga: some item is short (or the reservation was released already); nothing is held.</summary>
public record StockReservationRejected(Guid CorrelationId, string Reason);

/// <summary>Orchestrator → inventory worker: give back what the order holds and fence it so a late ReserveStock never applies.</summary>
public record ReleaseStock(Guid CorrelationId);

/// <summary>Inventory worker → order saga: the order holds no stock and never will.</summary>
public record StockReleased(Guid CorrelationId);

/// <summary>Inventory worker → order saga: the order's stock was sold, so it cannot be released; nothing changed.</summary>
public record StockReleaseRejected(Guid CorrelationId, string Reason);

/// <summary>Orchestrator → inventory worker: the order went through; turn what it holds into sold stock, for good.</summary>
public record SellStock(Guid CorrelationId);

/// <summary>Inventory worker → order saga: the order's stock is sold; it left the reserved count and can never be released.</summary>
public record StockSold(Guid CorrelationId);

/// <summary>Inventory worker → order saga: the order holds no reservation to sell (none, refused or released); nothing changed.</summary>
public record StockSaleRejected(Guid CorrelationId, string Reason);
