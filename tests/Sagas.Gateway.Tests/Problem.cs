namespace Sagas.Gateway.Tests;

/// <summary>The RFC 9457 fields the tests read.</summary>
public sealed record Problem(string? Title, string? Detail, int? Status);
