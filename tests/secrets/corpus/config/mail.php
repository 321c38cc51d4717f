<?php

return [
    'driver' => 'sendgrid',
    'api_key' => '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',
    'from' => 'noreply@tally.invalid',
];
