using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Sagas.Observability;

/// <summary>
/// Console logs carry the current trace and span ids on every line (as a scope), so a log line leads to its trace
/// and back; the JSON formatter writes scopes, which is where saga type and saga id travel too.
/// </summary>
internal static class ConsoleLogs
{
    const string FormatterSetting = "Logging:Console:FormatterName";

    public static void Configure(IHostApplicationBuilder builder, ConsoleLogFormat defaultFormat)
    {
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
        });

        // An explicit choice in configuration wins; AddJsonConsole would override it, so it is only the default.
        if (string.IsNullOrEmpty(builder.Configuration[FormatterSetting]) && defaultFormat == ConsoleLogFormat.Json)
            builder.Logging.AddJsonConsole();
    }
}
