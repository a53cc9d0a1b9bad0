namespace Sagas.Hosting;

/// <summary>
/// A maintenance command a service adds to the command line of every host that runs it (registered as a singleton):
/// <c>dotnet X.dll &lt;name&gt;</c> builds the host, runs each verb of that name instead of the host, and exits, as
/// <c>migrate</c> does.
/// </summary>
public interface IHostVerb
{
    string Name { get; }

    /// <summary>Does the work on the built, not started, host and returns the process's exit code.</summary>
    Task<int> Run(IServiceProvider services, CancellationToken cancellationToken);
}
