using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sagas.Orchestrator.DeadLetters;

/// <summary>The tables of what operators did with dead letters; <see cref="DeadLetterSchema"/> adds them to older databases.</summary>
internal sealed class DeadLetterMaps : IEntityTypeConfiguration<DeadLetterSettlement>, IEntityTypeConfiguration<DeadLetterAuditEntry>
{
    /// <summary>Kafka's longest topic name.</summary>
    public const int TopicLength = 249;
    public const int OperatorLength = 100;
    public const int ReasonLength = 500;
    const int EnumLength = 16;

    public void Configure(EntityTypeBuilder<DeadLetterSettlement> settlement)
    {
        settlement.ToTable("DeadLetterSettlements");
        settlement.HasKey(x => new { x.Topic, x.Partition, x.Offset });
        settlement.Property(x => x.Topic).HasMaxLength(TopicLength);
        settlement.Property(x => x.Action).HasConversion<string>().HasMaxLength(EnumLength);
        settlement.Property(x => x.Operator).HasMaxLength(OperatorLength);
        settlement.Property(x => x.Reason).HasMaxLength(ReasonLength);
    }

    public void Configure(EntityTypeBuilder<DeadLetterAuditEntry> entry)
    {
        entry.ToTable("DeadLetterAudit");
        entry.HasKey(x => x.Id);
        entry.Property(x => x.Topic).HasMaxLength(TopicLength);
        entry.Property(x => x.Action).HasConversion<string>().HasMaxLength(EnumLength);
        entry.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(EnumLength);
        entry.Property(x => x.Operator).HasMaxLength(OperatorLength);
        entry.Property(x => x.Reason).HasMaxLength(ReasonLength);
        entry.HasIndex(x => new { x.Topic, x.Id });
    }
}
