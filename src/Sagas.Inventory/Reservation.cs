namespace Sagas.Inventory;

/// <summary>An order's claim on stock: one row per order, which is what makes ReserveStock, ReleaseStock and SellStock idempotent.</summary>
public sealed class Reservation
{
    public Guid OrderId { get; init; }

    public ReservationState State { get; set; }

    /// <summary>Why the reservation was refused; set only when <see cref="State"/> is Rejected.</summary>
    public string? Reason { get; set; }

    /// <summary>What the order asked for; held while <see cref="State"/> is Reserved, sold once it is Sold.</summary>
    public List<ReservationLine> Lines { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>How many of one SKU a reservation holds.</summary>
public sealed class ReservationLine
{
    public Guid OrderId { get; init; }

    public required string Sku { get; init; }

    public int Quantity { get; init; }
}

/// <summary>Where an order's reservation stands.</summary>
public enum ReservationState
{
    /// <summary>Every item is held.</summary>
    Reserved,

    /// <summary>Some item was short or unknown; nothing is held and nothing ever will be.</summary>
    Rejected,

    /// <summary>Held, then given back.</summary>
    Released,

    /// <summary>Released before any reservation; a late ReserveStock is refused.</summary>
    Fenced,

    /// <summary>Held, then sold when the order completed; it can no longer be released.</summary>
    Sold,
}
