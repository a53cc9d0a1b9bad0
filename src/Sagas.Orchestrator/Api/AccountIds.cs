namespace Sagas.Orchestrator.Api;

/// <summary>What an account id may look like in a request: short, printable, no spaces.</summary>
public static class AccountIds
{
    public const int MaxLength = 64;

    public static string? Validate(string? id) => id switch
    {
        null or "" => "An account id is required.",
        { Length: > MaxLength } => $"An account id is at most {MaxLength} characters.",
        _ when !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') =>
            "An account id may contain only letters, digits, '-', '_' and '.'.",
        _ => null,
    };
}
