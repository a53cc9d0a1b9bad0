namespace Sagas.Shipping;

/// <summary>An order's shipment: one row per order, which is what makes ShipOrder and CancelShipment idempotent.</summary>
public sealed class Shipment
{
    public Guid OrderId { get; init; }

    public ShipmentState State { get; set; }

    public string? Country { get; init; }

    public int ItemCount { get; init; }

    /// <summary>Set when the order shipped; kept after a recall for the record.</summary>
    public string? TrackingNumber { get; init; }

    /// <summary>Why the shipment was refused; set only when <see cref="State"/> is Rejected.</summary>
    public string? Reason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Where an order's shipment stands.</summary>
public enum ShipmentState
{
    Shipped,

    /// <summary>Refused (country not served, bad item count); nothing ships and nothing ever will.</summary>
    Rejected,

    /// <summary>Shipped, then recalled.</summary>
    Cancelled,

    /// <summary>Cancelled before it shipped; a late ShipOrder is refused.</summary>
    Fenced,
}
