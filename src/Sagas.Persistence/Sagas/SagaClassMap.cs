using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sagas.Persistence.Sagas;

/// <summary>
/// Maps a saga instance for the EF Core saga repository: key, current state and version token. Derive one per saga,
/// map the saga's own columns in <see cref="ConfigureSaga"/>, and apply it in the DbContext's <c>OnModelCreating</c>.
/// Sagas are listed by state; with <paramref name="listedBy"/> (a property such as the creation time) the state index
/// also orders them, so a page of one state's newest sagas is read straight from the index instead of sorting them all.
/// </summary>
public abstract class SagaClassMap<TSaga>(string tableName, string? listedBy = null) : IEntityTypeConfiguration<TSaga>
    where TSaga : class, ISaga
{
    /// <summary>Long enough for any state name we write; states are short identifiers.</summary>
    public const int StateMaxLength = 64;

    const string StateProperty = "CurrentState";

    public void Configure(EntityTypeBuilder<TSaga> entity)
    {
        entity.ToTable(tableName);
        entity.HasKey(saga => saga.CorrelationId);
        entity.Property(saga => saga.CorrelationId).ValueGeneratedNever();
        entity.Property<int>(SagaVersion.PropertyName).IsConcurrencyToken();

        // State machines keep their state in a string property by convention; listing sagas by state is a common query.
        if (typeof(TSaga).GetProperty(StateProperty)?.PropertyType == typeof(string))
        {
            entity.Property<string>(StateProperty).HasMaxLength(StateMaxLength).IsRequired();
            entity.HasIndex(listedBy is null ? [StateProperty] : [StateProperty, listedBy]);
        }

        ConfigureSaga(entity);
    }

    /// <summary>Maps the saga's own properties (lengths, precision, JSON columns).</summary>
    protected abstract void ConfigureSaga(EntityTypeBuilder<TSaga> entity);
}
