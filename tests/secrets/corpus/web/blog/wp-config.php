<?php
define( 'DB_NAME', 'blog' );
define( 'DB_USER', 'blog' );
define( 'DB_PASSWORD', 'cihbFPNzCvaFyVBwECBjMwnN' );
define( 'DB_HOST', 'db-2.tally.invalid' );
define( 'AUTH_KEY', 'V<24aL(y(mJfR;pQRL=NWEqF-B:-]rg?]<Ai|!yG1-QE|QqL@-6_*g0z>2<LIzBh' );
define( 'SECURE_AUTH_KEY', 'put your unique phrase here' );
