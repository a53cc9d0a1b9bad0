using System.Text.Json;

namespace Sagas.Observability.Tests;

/// <summary>The JSON console lines written while a transfer runs tie each line to its trace and its saga.</summary>
public sealed class When_a_saga_logs(When_one_transfer_is_traced.Run run) : IClassFixture<When_one_transfer_is_traced.Run>
{
    [Fact]
    public void A_transition_line_carries_the_trace_id_the_saga_type_and_the_saga_id()
    {
        var transitions = run.Logs.Where(line => line.GetProperty("Category").GetString()!.EndsWith("SagaTransitionLog", StringComparison.Ordinal)
            && Scope(line, "SagaId") == run.TransferId.ToString()).ToList();
        Assert.NotEmpty(transitions);
        Assert.All(transitions, line =>
        {
            Assert.Equal(run.Request.TraceId.ToHexString(), Scope(line, "TraceId"));
            Assert.Equal("transfer", Scope(line, "SagaType"));
        });
    }

    [Fact]
    public void Every_line_written_inside_the_saga_names_the_trace_it_belongs_to()
    {
        var insideTheSaga = run.Logs.Where(line => Scope(line, "SagaType") == "transfer" && Scope(line, "SagaId") == run.TransferId.ToString()).ToList();
        Assert.NotEmpty(insideTheSaga);
        Assert.All(insideTheSaga, line => Assert.Equal(run.Request.TraceId.ToHexString(), Scope(line, "TraceId")));
    }

    /// <summary>The value of a property in any of the line's scopes (the formatter writes each scope as an object).</summary>
    static string? Scope(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty(name, out _))
                .Select(scope => scope.GetProperty(name).ToString()).FirstOrDefault()
            : null;
}
