using Sagas.Contracts.Money;

namespace Sagas.Contracts.Tests;

public class Currency_amounts
{
    [Theory]
    [InlineData("10.25", "USD")]
    [InlineData("10.2500", "USD")]
    [InlineData("1000", "JPY")]
    [InlineData("1.234", "KWD")]
    [InlineData("0.01", "EUR")]
    public void Fitting_amounts_are_valid(string amount, string currency) =>
        Assert.Null(Currencies.ValidateAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Theory]
    [InlineData("0", "USD", "greater than zero")]
    [InlineData("-5", "USD", "greater than zero")]
    [InlineData("1.001", "USD", "2 decimal places")]
    [InlineData("1.5", "JPY", "0 decimal places")]
    [InlineData("1.2345", "KWD", "3 decimal places")]
    [InlineData("10", "XYZ", "not an ISO 4217")]
    [InlineData("10", "usd", "not an ISO 4217")]
    [InlineData("1000000000001", "USD", "at most")]
    public void Unfitting_amounts_say_why(string amount, string currency, string reason) =>
        Assert.Contains(reason, Currencies.ValidateAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));
}
