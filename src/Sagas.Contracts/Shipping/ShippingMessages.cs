namespace Sagas.Contracts.Shipping;

/// <summary>Orchestrator → shipping worker: ship a paid order, at most once.</summary>
public record ShipOrder(Guid CorrelationId, string ShipToCountry, int ItemCount);

/// <summary>Shipping worker → order saga: the shipment exists; the saga pays the merchant.</summary>
public record OrderShipped(Guid CorrelationId, string TrackingNumber);

/// <summary>Shipping worker → order saga: the shipment was refused (country not served, already cancelled); the saga refunds.</summary>
public record ShipmentRejected(Guid CorrelationId, string Reason);

/// <summary>Orchestrator → shipping worker: recall the order's shipment if it exists and fence it so a late ShipOrder never ships.</summary>
public record CancelShipment(Guid CorrelationId);

/// <summary>Shipping worker → order saga: the order has no live shipment and never will.</summary>
public record ShipmentCancelled(Guid CorrelationId, bool WasShipped);
