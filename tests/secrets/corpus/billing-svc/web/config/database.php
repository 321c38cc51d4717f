<?php
return [
    'mysql' => [
        'host' => env('DB_HOST', 'db-3.tally.invalid'),
        'password' => env('DB_PASSWORD', 'ibQHY22InTWEstZFgHLM'),
        'username' => env('DB_USERNAME', 'forge'),
    ],
];
