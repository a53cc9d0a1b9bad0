using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sagas.Orchestrator.Orders;
using Sagas.Persistence.Mapping;
using Sagas.Persistence.Sagas;

namespace Sagas.Orchestrator.Data;

/// <summary>One row per order, kept after it ends; its lines and history are JSON columns.</summary>
public sealed class OrderStateMap() : SagaClassMap<OrderState>("Orders", listedBy: nameof(OrderState.CreatedAt))
{
    protected override void ConfigureSaga(EntityTypeBuilder<OrderState> entity)
    {
        entity.Property(x => x.CustomerAccountId).HasMaxLength(64);
        entity.Property(x => x.MerchantAccountId).HasMaxLength(64);
        entity.Property(x => x.Currency).HasMaxLength(3);
        entity.Property(x => x.Total).HasPrecision(28, 4);
        entity.Property(x => x.ShipToCountry).HasMaxLength(2);
        entity.Property(x => x.TrackingNumber).HasMaxLength(64);
        entity.Property(x => x.Reason).HasMaxLength(1000);
        entity.Property(x => x.Items).HasJsonConversion();
        entity.Property(x => x.History).HasJsonConversion();
        entity.HasIndex(x => x.CreatedAt);
    }
}
