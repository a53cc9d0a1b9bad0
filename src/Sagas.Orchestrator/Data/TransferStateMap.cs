using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sagas.Orchestrator.Transfers;
using Sagas.Persistence.Mapping;
using Sagas.Persistence.Sagas;

namespace Sagas.Orchestrator.Data;

/// <summary>One row per transfer, kept after it ends; its history is a JSON column written with each transition.</summary>
public sealed class TransferStateMap() : SagaClassMap<TransferState>("Transfers", listedBy: nameof(TransferState.CreatedAt))
{
    protected override void ConfigureSaga(EntityTypeBuilder<TransferState> entity)
    {
        entity.Property(x => x.FromAccountId).HasMaxLength(64);
        entity.Property(x => x.ToAccountId).HasMaxLength(64);
        entity.Property(x => x.Amount).HasPrecision(28, 4);
        entity.Property(x => x.Currency).HasMaxLength(3);
        entity.Property(x => x.Reason).HasMaxLength(1000);
        entity.Property(x => x.History).HasJsonConversion();
        entity.HasIndex(x => x.CreatedAt);
    }
}
