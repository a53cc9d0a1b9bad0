using System.Diagnostics.Metrics;

namespace Sagas.Outbox.Tests.Support;

/// <summary>Sums what a counter of the named meter records from the moment this is made until it is disposed.</summary>
public sealed class Counted : IDisposable
{
    readonly MeterListener _listener = new();
    long _total;

    public Counted(string meter, string counter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meter && instrument.Name == counter)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
