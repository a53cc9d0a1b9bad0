namespace Sagas.Observability.CommandLine;

/// <summary>
/// A host's command line: at most a verb, <c>--help</c>, and configuration in any form ASP.NET Core reads
/// (<c>--Key=value</c>, <c>--Key value</c>, <c>/Key value</c>, <c>Key=value</c>). Anything else is an unknown verb, a
/// single-dash switch too: ASP.NET Core would silently ignore it.
/// </summary>
public sealed record HostArguments(string? Verb, bool AsksForHelp, string? UnknownVerb)
{
    /// <summary>Exit code of a host that refused its command line or its configuration.</summary>
    public const int UsageError = 2;

    static readonly string[] HelpSwitches = ["--help", "-h", "-?"];

    /// <summary>Reads <paramref name="args"/>, knowing the host's <paramref name="verbs"/>.</summary>
    public static HostArguments Read(IReadOnlyList<string> args, params IReadOnlyCollection<string> verbs)
    {
        string? verb = null;
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            if (HelpSwitches.Contains(argument, StringComparer.OrdinalIgnoreCase))
                return new HostArguments(verb, AsksForHelp: true, UnknownVerb: null);
            if (IsKeyAwaitingValue(argument))
                i++;
            else if (!IsSetting(argument) && verbs.Contains(argument))
                verb = argument;
            else if (!IsSetting(argument))
                return new HostArguments(verb, AsksForHelp: false, UnknownVerb: argument);
        }
        return new HostArguments(verb, AsksForHelp: false, UnknownVerb: null);
    }

    /// <summary>
    /// Prints the usage for <c>--help</c>, or one line naming an unknown verb on stderr; returns the exit code then, and
    /// null when the host should go on.
    /// </summary>
    public async Task<int?> AnswerAsync(string hostName, string usage)
    {
        if (AsksForHelp)
        {
            await Console.Out.WriteLineAsync(usage);
            return 0;
        }
        if (UnknownVerb is null)
            return null;
        await Console.Error.WriteLineAsync($"{hostName}: unknown command '{UnknownVerb}' (run with --help for the usage)");
        return UsageError;
    }

    /// <summary><c>--Key</c> or <c>/Key</c> without <c>=</c>: the next argument is its value.</summary>
    static bool IsKeyAwaitingValue(string argument) =>
        (argument.StartsWith("--", StringComparison.Ordinal) || argument.StartsWith('/')) && !argument.Contains('=');

    static bool IsSetting(string argument) =>
        argument.StartsWith("--", StringComparison.Ordinal) || argument.StartsWith('/') || argument.Contains('=');
}
