using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Inventory;
using Sagas.Hosting.Workers;

namespace Sagas.Inventory;

/// <summary>
/// Holds, releases and sells an order's stock, all or nothing and at most once. Stock changes only through conditional
/// UPDATE statements, so concurrent orders for one SKU never oversell it; SKUs are taken in a fixed order so two
/// orders never wait on each other's rows. Each change is logged as a movement, with its event, in the same transaction.
/// </summary>
sealed class StockReservations(InventoryDbContext db, StockMovementLog movements, TimeProvider clock, ILogger<StockReservations> logger)
{
    /// <summary>Holds every item or none, or returns what the first delivery of the command stored.</summary>
    public Task<Reservation> Reserve(ReserveStock command, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            if (await Find(command.CorrelationId, token) is { } stored)
                return stored;

            if (Validate(command.Items) is { } invalid)
                return Refused(Add(command.CorrelationId, ReservationState.Rejected, []), invalid);

            // Claim the order before touching stock: a racing duplicate then waits on the order's row alone, holding
            // no stock row that a concurrent release of this order might be waiting for.
            var reservation = Add(command.CorrelationId, ReservationState.Reserved, Merge(command.Items));
            await db.SaveChangesAsync(token);
            if (await TryHold(reservation.Lines, token) is { } shortage)
                return Refused(reservation, shortage);
            await movements.Record(reservation.OrderId, StockMovementKind.Reserved,
                reservation.Lines.Select(line => (line.Sku, -line.Quantity, line.Quantity, 0)), token);
            return reservation;
        }, cancellationToken);

    /// <summary>Gives back what the order holds and closes it for good; returns the reservation as it ends.</summary>
    public Task<Reservation> Release(Guid orderId, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            var stored = await Find(orderId, token);
            if (stored is null)
                return Add(orderId, ReservationState.Fenced, []);
            if (stored.State != ReservationState.Reserved)
                return stored;

            var now = clock.GetUtcNow();
            var released = await db.Reservations.Where(r => r.OrderId == orderId && r.State == ReservationState.Reserved)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.State, ReservationState.Released).SetProperty(r => r.UpdatedAt, now), token);
            if (released == 1)
            {
                await Return(stored.Lines, token);
                await movements.Record(orderId, StockMovementKind.Released, stored.Lines.Select(line => (line.Sku, line.Quantity, -line.Quantity, 0)), token);
                logger.LogInformation("Stock of order {CorrelationId} released", orderId);
            }

            return await Find(orderId, token) ?? stored;
        }, cancellationToken);

    /// <summary>
    /// Turns what the order holds into sold stock and closes it for good; returns the reservation as it ends, or null when
    /// the order has none. Only a held reservation is sold: any other is returned unchanged for the caller to refuse.
    /// </summary>
    public Task<Reservation?> Sell(Guid orderId, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            var stored = await Find(orderId, token);
            if (stored is not { State: ReservationState.Reserved })
                return stored;

            var now = clock.GetUtcNow();
            var sold = await db.Reservations.Where(r => r.OrderId == orderId && r.State == ReservationState.Reserved)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.State, ReservationState.Sold).SetProperty(r => r.UpdatedAt, now), token);
            if (sold == 1)
            {
                await Settle(stored.Lines, token);
                await movements.Record(orderId, StockMovementKind.Sold, stored.Lines.Select(line => (line.Sku, 0, -line.Quantity, line.Quantity)), token);
                logger.LogInformation("Stock of order {CorrelationId} sold", orderId);
            }

            return await Find(orderId, token) ?? stored;
        }, cancellationToken);

    Task<Reservation?> Find(Guid orderId, CancellationToken cancellationToken) =>
        db.Reservations.AsNoTracking().Include(r => r.Lines).SingleOrDefaultAsync(r => r.OrderId == orderId, cancellationToken);

    Reservation Add(Guid orderId, ReservationState state, List<ReservationLine> lines)
    {
        var now = clock.GetUtcNow();
        var reservation = new Reservation { OrderId = orderId, State = state, Lines = lines, CreatedAt = now, UpdatedAt = now };
        db.Reservations.Add(reservation);
        return reservation;
    }

    Reservation Refused(Reservation reservation, string reason)
    {
        logger.LogWarning("Stock reservation of order {CorrelationId} refused: {Reason}", reservation.OrderId, reason);
        reservation.State = ReservationState.Rejected;
        reservation.Reason = reason;
        return reservation;
    }

    static string? Validate(IReadOnlyList<StockItem>? items) =>
        items is null || items.Count == 0 ? "The order has no items."
        : items.Select(item => Skus.Validate(item.Sku)).FirstOrDefault(error => error is not null)
          ?? (items.Any(item => item.Quantity <= 0) ? "Every quantity must be greater than zero." : null)
          ?? (items.GroupBy(item => item.Sku).Any(sku => sku.Sum(item => (long)item.Quantity) > int.MaxValue) ? "A quantity is too large." : null);

    static List<ReservationLine> Merge(IReadOnlyList<StockItem> items) =>
        items.GroupBy(item => item.Sku, StringComparer.Ordinal)
            .OrderBy(sku => sku.Key, StringComparer.Ordinal)
            .Select(sku => new ReservationLine { Sku = sku.Key, Quantity = (int)Math.Min(int.MaxValue, sku.Sum(item => (long)item.Quantity)) })
            .ToList();

    async Task<string?> TryHold(List<ReservationLine> lines, CancellationToken cancellationToken)
    {
        for (var held = 0; held < lines.Count; held++)
        {
            var (sku, quantity) = (lines[held].Sku, lines[held].Quantity);
            var taken = await db.Stock.Where(s => s.Sku == sku && s.Available >= quantity)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Available, s => s.Available - quantity)
                    .SetProperty(s => s.Reserved, s => s.Reserved + quantity), cancellationToken);
            if (taken == 1)
                continue;

            // All or nothing: give back what this order took a moment ago, in this same transaction.
            await Return(lines.Take(held), cancellationToken);
            return await db.Stock.AnyAsync(s => s.Sku == sku, cancellationToken)
                ? $"Not enough stock of '{sku}' for {quantity}."
                : $"SKU '{sku}' is unknown.";
        }

        return null;
    }

    async Task Return(IEnumerable<ReservationLine> lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines.OrderBy(l => l.Sku, StringComparer.Ordinal))
        {
            var quantity = line.Quantity;
            await db.Stock.Where(s => s.Sku == line.Sku)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Available, s => s.Available + quantity)
                    .SetProperty(s => s.Reserved, s => s.Reserved - quantity), cancellationToken);
        }
    }

    async Task Settle(IEnumerable<ReservationLine> lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines.OrderBy(l => l.Sku, StringComparer.Ordinal))
        {
            var quantity = line.Quantity;
            await db.Stock.Where(s => s.Sku == line.Sku)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Reserved, s => s.Reserved - quantity)
                    .SetProperty(s => s.Sold, s => s.Sold + quantity), cancellationToken);
        }
    }
}
