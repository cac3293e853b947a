namespace Tally.Storage;

/// <summary>What makes a funding payment the same payment: (venue, account, funding id).</summary>
public readonly record struct FundingIdentity(string Venue, string Account, string FundingId)
{
    public static FundingIdentity Of(in FundingPayment payment) => new(payment.Venue, payment.Account, payment.FundingId);

    public override string ToString() => $"{Venue}/{Account}/funding#{FundingId}";
}
