require 'stripe'

Stripe.api_key = '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'
PUBLISHABLE_KEY = 'pk_live_p75ziSThkOhyviYP1onh7SswMYW50WcaiUm2VPeJiiXqKxIxXppSH2ImbFEE2jvV8p8AHnB57bpl6rBXV9kCLnYfhLY3gVRGS7D'.freeze

class Billing
  def charge(cents, customer)
    Stripe::Charge.create(amount: cents, currency: 'eur', customer: customer)
  end
end
